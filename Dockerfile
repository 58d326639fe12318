# Pathwise for production: N stateless instances behind a reverse proxy, on MongoDB (a replica set
# or Atlas) given by MONGODB_URI. See docs/deployment.md.
# Build stage: compile the product to JavaScript (npm run build: type check, then esbuild).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY src ./src
COPY scripts/build.ts ./scripts/build.ts
RUN npm run build

# Run stage: production packages only, the compiled product, its templates and configuration, and
# the browser code (src/client), which the server bundles itself at start-up.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 SANDBOX=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
COPY views ./views
COPY src/client ./src/client
USER node
EXPOSE 3000
# Readiness includes the database: an instance that cannot reach MongoDB is taken out of rotation.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM: Pathwise finishes in-flight requests and exits within 10 s (docker stop waits 10 s).
STOPSIGNAL SIGTERM
# The same start as `npm run serve`: the compiled product, no TypeScript loader.
CMD ["node", "dist/main.js"]
