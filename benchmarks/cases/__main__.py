from benchmarks.cases.bench import main

raise SystemExit(main())
