from netral_desktop.cli import main

raise SystemExit(main())
