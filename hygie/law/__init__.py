"""The law Hygie applies, as pure functions: dates in, dates out.

No Django here, and nothing else of Hygie: this package imports the standard
library, the `holidays` calendars and itself only (a test walks its imports),
so that every legal clock can be read, tested and reused on its own. Each
function cites the article it applies, and the capabilities, the public
deadline calculator and the documents all count through it.

- `days`: calendar arithmetic of legal clocks (elapsed hours, the end of a
  day, months, working days and the public holidays of a territory).
- `territories`: France's territories, by time zone, with their public
  holidays (the abolition of slavery overseas…).
- `incident`: what a security incident obliges a practice to do, and by when
  (RGPD art. 33 and 34, code des assurances, code de la santé publique).
- `rights`: the clocks of a patient's request (CSP L1111-7, RGPD art. 12(3)).
- `retention`: when kept data go to the archive and reach their end.

The rules of the NIR (numéro d'inscription au répertoire: its form, its key,
when it may be used) will go in `nir.py`, beside these.
"""
