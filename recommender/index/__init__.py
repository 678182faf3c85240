"""The FAISS index of product embeddings, its on-disk versions and the live reader."""
