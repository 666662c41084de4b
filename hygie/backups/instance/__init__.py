"""Hygie's own backup and verified restore (`hygie sauvegarde`).

One file per backup, `hygie-AAAAMMJJ-HHMMSS.hygie-backup`: a gzip-compressed
tar inside age (https://age-encryption.org/v1), encrypted with a passphrase or
for one or more age public keys. The tar holds, in this order:

    manifeste.json       what the backup holds (manifest.py)
    base.sqlite3         the SQLite database, copied by its online backup API
      or base.pgdump     the PostgreSQL database, pg_dump's custom format
    cles/secret_key      Django's secret key
    cles/journal_key     the audit journal's key

No uploaded file is kept by Hygie outside its database: identity files wait
in IDENTITY_UPLOAD_DIR for an hour at most and are never meant to outlive
their audit, the collected static files are rebuilt at each start, and the
demo's logins are made again by `hygie demo`. So the database and the two
keys are the whole instance.
"""
