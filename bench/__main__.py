import sys

if sys.argv[1:2] == ["fidelity"]:       # python -m bench fidelity [options]
    from bench.fidelity import main as fidelity

    fidelity(sys.argv[2:])
elif sys.argv[1:2] == ["linking"]:      # python -m bench linking [options]
    from bench.linking import main as linking

    linking(sys.argv[2:])
elif sys.argv[1:2] == ["campaigns"]:    # python -m bench campaigns [options]
    from bench.campaigns import main as campaigns

    campaigns(sys.argv[2:])
elif sys.argv[1:2] == ["outbox"]:       # python -m bench outbox [options]
    from bench.outbox import main as outbox

    outbox(sys.argv[2:])
else:
    from bench.run import main

    main()
