using Crossfold.Coordinator.Cli;

return await CrossfoldCommandLine.Build().Parse(args).InvokeAsync();
