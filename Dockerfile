# Canopy: API and web app on one port. Used by docker-compose.yml.
FROM node:20-bookworm-slim
RUN npm install -g pnpm@12.21.0
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @canopy/web build
ENV HOST=0.0.0.0 PORT=3000 NODE_ENV=production
EXPOSE 3000
CMD ["pnpm", "--filter", "@canopy/server", "start"]
