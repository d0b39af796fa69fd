from zhichuang.imports.cli import ImportCommand
from zhichuang.imports.enums import ImportKind


class Command(ImportCommand):
    help = "Import workers from an .xlsx or .csv file, all or nothing, with the scope of --as."
    kind = ImportKind.WORKERS
    takes_password = True
