from nato_planner.app import main

raise SystemExit(main())
