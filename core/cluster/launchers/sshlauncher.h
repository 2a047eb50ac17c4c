// Engines on other machines through ssh (BatchMode, the user's own config and keys): one ssh
// session per engine; the secret goes down the session's standard input, and the engine ends
// when that input closes, so an ssh killed here takes its engine with it.
#pragma once

#include "enginelauncher.h"

#include <QHash>
#include <QPointer>

namespace qc {

class SshLauncher : public EngineLauncher
{
    Q_OBJECT

public:
    SshLauncher(const Profile &profile, QString engineCommand);

    QString kind() const override { return QStringLiteral("ssh"); }
    void launch(const QList<EngineHandle *> &engines, const LaunchContext &context) override;
    QString script(int count, const LaunchContext &context) const override;

private:
    struct Host
    {
        QString name;
        int capacity = 1;
    };
    QString pickHost();
    QStringList sshArguments(const QString &host, int engineId, const LaunchContext &context) const;

    QList<Host> m_hosts;
    QStringList m_sshArgs;
    QString m_engineCommand;
    QHash<int, QPointer<EngineHandle>> m_placed; // engine id -> its handle, for the host's load
    QHash<int, QString> m_hostOf;
    qsizetype m_next = 0;
};

} // namespace qc
