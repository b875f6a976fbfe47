Console.WriteLine("crossfold-worker");
