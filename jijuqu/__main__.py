from jijuqu.cli import main

main()
