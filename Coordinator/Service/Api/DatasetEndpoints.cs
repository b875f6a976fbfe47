using Crossfold.Coordinator.Datasets;
using Crossfold.Coordinator.Metrics;
using Crossfold.Core.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// /api/datasets: the coordinator's stored dataset files, by the SHA-256 of their bytes. `crossfold submit` and
/// `crossfold datasets push` upload (PUT, streamed, at most --max-dataset-upload-bytes, stored only once the
/// digest matches); workers download (GET, with ranges) what a job names and they have not cached.
/// </summary>
public static class DatasetEndpoints
{
    /// <summary>One stored file as the API shows it.</summary>
    public sealed record StoredDataset(string Sha256, long Bytes, string Name, DateTimeOffset Added);

    /// <summary>The most bytes one upload may have (--max-dataset-upload-bytes).</summary>
    public sealed record UploadLimit(long Bytes);

    public static void Map(IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("/api/datasets").WithTags("Datasets");

        datasets.MapGet("", (DatasetStore store) => Results.Json(store.List().Select(View).ToList(), ApiJson.Options))
            .WithSummary("The stored dataset files, newest first: SHA-256, size, the name each was uploaded as, when")
            .Produces<StoredDataset[]>();

        datasets.MapMethods("{sha256}", [HttpMethods.Get, HttpMethods.Head], Download)
            .WithSummary("A stored dataset file's bytes (what workers download; ranges accepted); HEAD says whether it is stored")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces<Problem>(StatusCodes.Status404NotFound, Problems.ContentType);

        datasets.MapPut("{sha256}", Upload)
            .WithSummary("Upload a dataset file as the request body (?name= the file's name, for listings); stored only if its bytes have this SHA-256")
            .WithDescription("201 when stored, 200 when it was stored already, 400 when the bytes have another digest (nothing is kept), " +
                "413 beyond --max-dataset-upload-bytes, 507 when the store would hold more than --max-dataset-store-bytes. " +
                "An interrupted upload leaves nothing: send it again.")
            .Produces<StoredDataset>(StatusCodes.Status201Created)
            .Produces<Problem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<Problem>(StatusCodes.Status413PayloadTooLarge, Problems.ContentType)
            .Produces<Problem>(StatusCodes.Status507InsufficientStorage, Problems.ContentType);

        datasets.MapDelete("{sha256}", (string sha256, DatasetStore store) =>
                BadDigest(sha256) ?? (store.Remove(sha256.ToLowerInvariant()) ? Results.NoContent() : Missing(sha256)))
            .WithSummary("Remove a stored dataset file (a running sweep that names it fails on workers that have not cached it)")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<Problem>(StatusCodes.Status404NotFound, Problems.ContentType);
    }

    static IResult Download(string sha256, HttpContext context, DatasetStore store, CoordinatorMetrics metrics)
    {
        if (BadDigest(sha256) is { } bad) return bad;
        if (store.Get(sha256.ToLowerInvariant()) is not { } entry) return Missing(sha256);
        if (HttpMethods.IsGet(context.Request.Method)) metrics.Transfer("download", "ok", entry.Bytes);
        return Results.File(store.Find(entry.Sha256)!, "application/octet-stream", enableRangeProcessing: true);
    }

    static async Task<IResult> Upload(string sha256, string? name, HttpRequest request, DatasetStore store, UploadLimit limit, DatasetStoreQuota quota,
        CoordinatorMetrics metrics)
    {
        if (BadDigest(sha256) is { } bad) return bad;
        string digest = sha256.ToLowerInvariant();
        if (request.ContentLength > limit.Bytes) return TooLarge(request.ContentLength.Value, limit, metrics);
        if (store.Get(digest) is { } known) return Results.Json(View(known), ApiJson.Options); // nothing to write
        using var room = quota.Reserve(store.List().Sum(e => e.Bytes), request.ContentLength ?? limit.Bytes);
        if (room.Bytes < (request.ContentLength ?? 1)) return StoreFull(request.ContentLength, room, quota, metrics);
        // This route alone may take more than --max-body-bytes: up to the upload limit, counted again while reading.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit.Bytes;
        string shown = Shown(name);
        DatasetStore.AddResult result;
        string? actual;
        long bytes;
        try
        {
            (result, actual, bytes) = await store.Add(digest, request.Body, room.Bytes, shown, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(null, limit, metrics);
        }
        switch (result)
        {
            case DatasetStore.AddResult.TooLarge when room.Bytes < limit.Bytes:
                return StoreFull(bytes, room, quota, metrics);
            case DatasetStore.AddResult.TooLarge:
                return TooLarge(bytes, limit, metrics);
            case DatasetStore.AddResult.DigestMismatch:
                metrics.Transfer("upload", "digest_mismatch", 0);
                return Problems.Result(StatusCodes.Status400BadRequest, "Digest mismatch",
                    $"the uploaded bytes ({bytes:N0}) have SHA-256 {actual}, not {digest}: the upload was damaged or named wrongly; nothing was stored, send it again");
            case DatasetStore.AddResult.AlreadyStored:
                return Results.Json(View(store.Get(digest)!), ApiJson.Options);
            default:
                metrics.Transfer("upload", "ok", bytes);
                return Results.Json(View(store.Get(digest)!), ApiJson.Options, statusCode: StatusCodes.Status201Created);
        }
    }

    static IResult TooLarge(long? bytes, UploadLimit limit, CoordinatorMetrics metrics)
    {
        metrics.Transfer("upload", "too_large", 0);
        return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Dataset file too large",
            $"the upload{(bytes is long b ? $" ({b:N0} bytes or more)" : "")} is larger than the {limit.Bytes:N0} bytes this coordinator accepts (--max-dataset-upload-bytes); nothing was stored");
    }

    static IResult StoreFull(long? bytes, DatasetStoreQuota.Reservation room, DatasetStoreQuota quota, CoordinatorMetrics metrics)
    {
        metrics.Transfer("upload", "store_full", 0);
        return Problems.Result(StatusCodes.Status507InsufficientStorage, "Dataset store full",
            $"the upload{(bytes is long b ? $" ({b:N0} bytes or more)" : "")} does not fit: the dataset store holds {room.StoredBytes:N0} of the " +
            $"{quota.CapacityBytes:N0} bytes it may (--max-dataset-store-bytes), and {room.Bytes:N0} are free for it; nothing was stored. " +
            "Remove files nobody needs with `crossfold datasets rm`, or raise the limit");
    }

    /// <summary>400 unless the path holds a SHA-256 (64 hexadecimal digits).</summary>
    static IResult? BadDigest(string sha256) => StoredFile.IsDigest(sha256.ToLowerInvariant()) ? null
        : Problems.Result(StatusCodes.Status400BadRequest, "Not a digest",
            $"'{(sha256.Length > 20 ? sha256[..20] + "…" : sha256)}' is not a SHA-256: a stored dataset file is named by 64 hexadecimal digits");

    static IResult Missing(string sha256) => Problems.Result(StatusCodes.Status404NotFound, "Dataset file not found",
        $"no dataset file with SHA-256 {sha256.ToLowerInvariant()} is stored on this coordinator (`crossfold datasets list` shows what is)");

    /// <summary>The name to list a file under: its last path component, printable, at most 200 characters.</summary>
    static string Shown(string? name)
    {
        string file = Path.GetFileName(name ?? "");
        file = new string(file.Where(c => !char.IsControl(c)).ToArray());
        return file.Length > 200 ? file[..200] : file;
    }

    static StoredDataset View(DatasetStore.Entry e) => new(e.Sha256, e.Bytes, e.Name, e.Added);
}
