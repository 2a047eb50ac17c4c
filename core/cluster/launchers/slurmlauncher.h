// Engines as Slurm jobs, one job array per batch (as dask-jobqueue submits its workers): sbatch
// with the job script on its standard input and the secret in its environment; squeue tells
// each engine's state and the reason it waits; scancel ends them.
#pragma once

#include "enginelauncher.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

class QProcess;

namespace qc {

class SlurmLauncher : public EngineLauncher
{
    Q_OBJECT

public:
    SlurmLauncher(const Profile &profile, QString engineCommand);
    ~SlurmLauncher() override;

    QString kind() const override { return QStringLiteral("slurm"); }
    void launch(const QList<EngineHandle *> &engines, const LaunchContext &context) override;
    void stopAll() override;
    QString script(int count, const LaunchContext &context) const override;

private:
    QString batchScript(int firstId, int count, const LaunchContext &context) const;
    void submit(const QList<EngineHandle *> &engines, const LaunchContext &context);
    void poll();
    void handleQueue(const QByteArray &output);

    Profile m_profile;
    QString m_engineCommand;
    QHash<QString, QPointer<EngineHandle>> m_tasks; // "jobid_index" -> its engine
    QStringList m_jobs; // every job id submitted, for scancel
    QSet<QString> m_listed; // tasks squeue has shown at least once
    QSet<QString> m_timedOut; // said once each
    QTimer m_poll;
    QProcess *m_squeue = nullptr;
};

} // namespace qc
