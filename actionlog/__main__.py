from actionlog.cli import main

main()
