import sys

if sys.argv[1:2] == ["linking"]:
    from bench.linking import main as linking

    linking(sys.argv[2:])
else:
    from bench.run import main

    main()
