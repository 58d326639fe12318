# Pathwise for production: N stateless instances behind a reverse proxy, on MongoDB (a replica set
# or Atlas) given by MONGODB_URI. See docs/deployment.md.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 SANDBOX=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force
COPY config ./config
COPY src ./src
COPY views ./views
USER node
EXPOSE 3000
# Readiness includes the database: an instance that cannot reach MongoDB is taken out of rotation.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM: Pathwise finishes in-flight requests and exits within 10 s (docker stop waits 10 s).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/server.ts"]
