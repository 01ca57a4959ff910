"""`actionlog import`: notes written in Word, published as PDF or extracted to text, read
into meeting files. Reading a document gives lines (documents.py); lines become blocks
(lines.py) and blocks a meeting with its guesses (notes.py, people.py, phrases.py: pure);
Outstanding Matters are linked to earlier actions (linking.py); yamlout.py writes the file
and run.py decides what is written where.
"""
