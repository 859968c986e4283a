"""What every judgement shares, below both ``compile`` and ``engine``: the records as they
stood at the as-of date (``world``) and how a judgement's flags become a status
(``decisions``). The compiled rules read the one and set the other; the backends
classify by the table."""
