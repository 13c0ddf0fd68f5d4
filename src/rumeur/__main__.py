from rumeur.cli import main

main()
