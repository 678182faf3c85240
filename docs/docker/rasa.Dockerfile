# NOT TESTED HERE (see docs/docker-compose.yml). Rasa 3.6 needs Python 3.10; the model is trained at build time.
FROM python:3.10-slim
WORKDIR /app
RUN pip install --no-cache-dir rasa==3.6.21 python-socketio==5.9.0
COPY config.yml domain.yml credentials.yml ./
COPY data data
COPY docs/docker/endpoints.yml docs/docker/endpoints.yml
RUN rasa train --out models
