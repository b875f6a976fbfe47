using Crossfold.Worker.Hosting;

return await WorkerCommandLine.Build().Parse(args).InvokeAsync();
