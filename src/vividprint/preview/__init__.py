"""The designer's view of a proof: the flatplan sheet (sheet.py: thumbnails, spreads, findings, as HTML and
as one picture) and the live preview of `vividprint watch --serve` (watch.py: the rounds of rebuilds;
server.py: the page on 127.0.0.1, told of every round by server-sent events)."""
