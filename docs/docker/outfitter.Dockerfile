# NOT TESTED HERE (see docs/docker-compose.yml). The web app and the action servers: Python 3.11.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY recommender recommender
COPY bot bot
COPY actions actions
COPY data data
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
 && pip install --no-cache-dir -e .
