"""How many threads a process that answers single queries gives the libraries under the ranking.

One query is small work: a scan of 12.5k vectors, products of a few hundred vectors. Threads cost more than
they share there: they must be started and joined, and on a busy machine each waits for a free core (numpy's
product of 60 by 60 vectors took 0.06 ms at the median and 98 ms at p95 with two BLAS threads on two loaded
cores, 0.05 ms at p95 with one). Batch work (index builds, batch searches, the encoder's own pool) keeps
every core.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import faiss
from threadpoolctl import ThreadpoolController

NUMPY_BLAS = "libscipy_openblas"  # the OpenBLAS numpy ships; FAISS's own OpenBLAS (libopenblaso) is another


@contextmanager
def one_thread() -> Iterator[None]:
    """FAISS on one OpenMP thread inside the block, for a single query.

    A flat scan of one query over 12.5k products takes 1.7 ms on one thread and 4.5 ms on two, and the second
    thread takes the core the encoder and the web app need. The setting is the calling thread's own (OpenMP
    keeps it per thread), and is put back, so batch work in this or any other thread keeps every core.
    """
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def numpy_blas_on_one_thread(controller: ThreadpoolController | None = None) -> None:
    """numpy's matrix products on one thread from now on, for the whole process: the serving processes make
    only small ones per request. Unlike FAISS's OpenMP setting, OpenBLAS's is process-wide, so it cannot be
    set around each query without racing other threads; FAISS's own BLAS is left as it is."""
    (controller or ThreadpoolController()).select(prefix=NUMPY_BLAS).limit(limits=1)
