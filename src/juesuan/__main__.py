from .commands.app import main

main()
