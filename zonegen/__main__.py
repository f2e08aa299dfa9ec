from zonegen.cli import main

main()
