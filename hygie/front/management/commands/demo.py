from hygie.front.demo import create_demo, format_logins, logins_file
from hygie.lib.commands import DatabaseCommand


class Command(DatabaseCommand):
    help = "Recrée l'organisation de démonstration (Cabinet du Dr Martin) et affiche ses comptes."

    def handle(self, *args, **options):
        logins = create_demo()
        self.stdout.write(self.style.SUCCESS("Organisation de démonstration recréée."))
        self.stdout.write(format_logins(logins))
        self.stdout.write(f"(Comptes aussi notés dans {logins_file()}, lisible par vous seul.)")
