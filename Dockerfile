# One image per service: docker build --build-arg SERVICE=certificate-service .
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The ops CLI beside the services (docker compose exec <service> node dist/scripts/ops.js …): only the
# scripts it loads; the service and lib code it uses is in the build already. test/deploy checks the list.
RUN npm run build \
 && npx swc scripts/ops.ts scripts/ops scripts/run/service-env.ts scripts/engines/settings.ts -d dist --config-file .swcrc --quiet \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node dist/services/${SERVICE}/src/main.js"]
