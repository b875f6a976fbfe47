using System.CommandLine;
using Crossfold.Protocol.CommandLine;
using Crossfold.Worker.Hosting;

// SIGTERM is handled by the host (drain the slots, then leave the cluster), not by System.CommandLine,
// whose default would end the process two seconds after the signal.
return await CommandLineProblems.Invoke(WorkerCommandLine.Build(), args, new InvocationConfiguration { ProcessTerminationTimeout = null });
