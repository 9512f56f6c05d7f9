import sys

if sys.argv[1:2] == ["fidelity"]:
    from bench.fidelity import main as fidelity

    fidelity(sys.argv[2:])
if sys.argv[1:2] == ["linking"]:
    from bench.linking import main as linking

    linking(sys.argv[2:])
else:
    from bench.run import main

    main()
