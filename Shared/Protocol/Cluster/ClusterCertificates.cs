using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Crossfold.Core;

namespace Crossfold.Protocol.Cluster;

/// <summary>
/// The cluster's own certificate authority and the node certificates it signs, made with .NET's
/// cryptography (no openssl needed). Nodes trust exactly this CA for remoting (mutual TLS), never the
/// operating system's trust store, so a certificate bought from a public CA cannot join a cluster.
/// </summary>
public static class ClusterCertificates
{
    /// <summary>File names inside a certificate directory.</summary>
    public const string CaCertificateFile = "ca.crt", CaKeyFile = "ca.key";

    static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1"), ClientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A new self-signed CA (ECDSA P-256) that may only sign node certificates (path length 0).</summary>
    public static X509Certificate2 CreateAuthority(string commonName, TimeSpan validity, DateTimeOffset? now = null)
    {
        var start = (now ?? DateTimeOffset.UtcNow).AddMinutes(-5); // tolerate clocks a little behind
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}, O=Crossfold cluster CA"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(start, start + validity);
    }

    /// <summary>
    /// A node certificate signed by <paramref name="authority"/> (which must hold its private key), good
    /// for both ends of a TLS connection, since every node both accepts and opens connections.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name, IEnumerable<string> hostNames, TimeSpan validity, DateTimeOffset? now = null)
    {
        if (!authority.HasPrivateKey) throw new InputException("the CA certificate has no private key: issue node certificates where `crossfold certs init` ran");
        var start = (now ?? DateTimeOffset.UtcNow).AddMinutes(-5);
        var end = start + validity;
        if (start < authority.NotBefore) start = authority.NotBefore;
        if (end > authority.NotAfter) end = authority.NotAfter; // a node certificate cannot outlive its CA
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}, O=Crossfold node"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { ServerAuth, ClientAuth }, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hostNames.Prepend(name).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (System.Net.IPAddress.TryParse(host, out var ip)) names.AddIpAddress(ip);
            else names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number
        using var signed = request.Create(authority, start, end, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>A copy of <paramref name="certificate"/> without its private key: what a peer sees.</summary>
    public static X509Certificate2 Load(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    /// <summary>Loads a CA written by <see cref="WriteAuthority"/>, with its private key.</summary>
    public static X509Certificate2 LoadAuthority(string directory)
    {
        string certificate = Path.Combine(directory, CaCertificateFile), key = Path.Combine(directory, CaKeyFile);
        if (!File.Exists(certificate) || !File.Exists(key))
            throw new InputException($"{directory}: no cluster CA here (expected {CaCertificateFile} and {CaKeyFile}); create one with `crossfold certs init --dir {directory}`");
        using var ca = LoadCaCertificate(certificate);
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(File.ReadAllText(key));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new InputException($"{key}: not an ECDSA private key in PEM form");
        }
        return ca.CopyWithPrivateKey(ecdsa);
    }

    /// <summary>Reads the CA certificate nodes pin (PEM), refusing anything that is not a CA.</summary>
    public static X509Certificate2 LoadCaCertificate(string path)
    {
        if (!File.Exists(path)) throw new InputException($"--tls-ca {path}: file not found");
        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException)
        {
            throw new InputException($"--tls-ca {path}: not a PEM certificate (expected the ca.crt that `crossfold certs init` wrote)");
        }
        if (ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            ca.Dispose();
            throw new InputException($"--tls-ca {path}: this certificate is not a CA (expected the ca.crt that `crossfold certs init` wrote)");
        }
        return ca;
    }

    /// <summary>Writes ca.crt (readable by anyone) and ca.key (owner only); refuses to overwrite an existing CA.</summary>
    public static void WriteAuthority(X509Certificate2 authority, string directory)
    {
        Directory.CreateDirectory(directory);
        string certificate = Path.Combine(directory, CaCertificateFile), key = Path.Combine(directory, CaKeyFile);
        if (File.Exists(certificate) || File.Exists(key))
            throw new InputException($"{directory} already holds a cluster CA; nodes signed by it would stop trusting a new one. Remove it first if that is what you want");
        WritePrivate(key, authority.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificate, authority.ExportCertificatePem() + "\n");
    }

    /// <summary>Writes a node certificate with its key as PKCS#12 (owner-only file), with the CA certificate beside it in the chain.</summary>
    public static void WriteNode(X509Certificate2 node, X509Certificate2 authority, string path, string? password)
    {
        var bundle = new X509Certificate2Collection { node, Load(authority) };
        byte[] pfx = bundle.Export(X509ContentType.Pkcs12, password) ?? throw new CryptographicException("PKCS#12 export produced nothing");
        WritePrivate(path, pfx);
    }

    /// <summary>Loads a node's PKCS#12 certificate and checks it has its private key.</summary>
    public static X509Certificate2 LoadNode(string path, string? password)
    {
        if (!File.Exists(path)) throw new InputException($"--tls-certificate {path}: file not found");
        X509Certificate2 node;
        try
        {
            node = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            throw new InputException($"--tls-certificate {path}: not a PKCS#12 file, or --tls-password is wrong");
        }
        if (!node.HasPrivateKey)
        {
            node.Dispose();
            throw new InputException($"--tls-certificate {path}: holds no private key (expected a .pfx from `crossfold certs issue`)");
        }
        return node;
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to <paramref name="authority"/> alone (the OS trust
    /// store plays no part), is valid now, and is meant for TLS. Revocation is not checked: rotate the CA
    /// to drop a node (see docs/multi-machine.md).
    /// </summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 authority, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        bool built = chain.Build(certificate);
        if (!built)
        {
            problem = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("it does not chain to the cluster CA"));
            return false;
        }
        var root = chain.ChainElements[^1].Certificate;
        if (!root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
        {
            problem = "it chains to another CA";
            return false;
        }
        problem = "";
        return true;
    }

    static void WritePrivate(string path, string text) => WritePrivate(path, System.Text.Encoding.ASCII.GetBytes(text));

    static void WritePrivate(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(content);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new InputException($"{path} already exists; remove it first to replace it");
        }
    }
}
