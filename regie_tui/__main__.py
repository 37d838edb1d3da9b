from regie_tui.cli import main

raise SystemExit(main())
