import sys

if sys.argv[1:2] == ["campaigns"]:      # python -m bench campaigns [options]
    from bench.campaigns import main as campaigns_main
    campaigns_main(sys.argv[2:])
else:
    from bench.run import main
    main()
