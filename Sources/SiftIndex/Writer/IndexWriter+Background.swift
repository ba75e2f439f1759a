extension IndexWriter {
    /// Starts the periodic work: refresh (unless search-idle), WAL fsync for durability `async`, and
    /// commits by WAL size or age. Stopped by ``close()``.
    package func startBackgroundTasks() {
        guard background == nil else { return }
        var tick = Duration.seconds(1)
        if let refresh = configuration.refreshInterval { tick = min(tick, refresh) }
        if configuration.durability == .async { tick = min(tick, configuration.syncInterval) }
        let period = tick
        background = Task { [weak self] in
            var lastRefresh = ContinuousClock.now
            var lastSync = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: period)
                guard let self else { return }
                let now = ContinuousClock.now
                let refreshDue = self.configuration.refreshInterval.map { now - lastRefresh >= $0 } ?? false
                let syncDue = self.configuration.durability == .async && now - lastSync >= self.configuration.syncInterval
                if refreshDue { lastRefresh = now }
                if syncDue { lastSync = now }
                await self.periodicWork(refresh: refreshDue, sync: syncDue)
            }
        }
    }

    private func periodicWork(refresh: Bool, sync: Bool) async {
        do {
            let now = clock()
            let searched = now - lastSearch <= configuration.searchIdleAfter.milliseconds
            if refresh, searched, let builder, builder.docCount > 0 { try self.refresh() }
            if sync { try await wal.syncAll() }
            let changed = builder.map { $0.docCount > 0 } ?? false || segments.contains { !$0.committed || $0.deletesDirty }
            if wal.appendedBytes - walBytesAtCommit >= configuration.commitWALBytes
                || (changed && now - lastCommitMillis >= configuration.commitInterval.milliseconds) {
                try await commit()
            }
        } catch {
            problems.append("background work failed: \(error)")
        }
    }
}
