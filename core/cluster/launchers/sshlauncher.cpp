#include "sshlauncher.h"

#include "cluster/enginehandle.h"

namespace qc {

SshLauncher::SshLauncher(const Profile &profile, QString engineCommand)
    : m_sshArgs(profile.sshArgs)
    , m_engineCommand(std::move(engineCommand))
{
    for (const QString &entry : profile.hosts) {
        const auto endpoint = parseEndpoint(entry, 1);
        if (endpoint)
            m_hosts.append({endpoint->host, std::max<int>(endpoint->port, 1)});
    }
}

QString SshLauncher::pickHost()
{
    // The host with the most free slots; past every slot, round-robin.
    QHash<QString, int> busy;
    for (auto it = m_placed.cbegin(); it != m_placed.cend(); ++it)
        if (it.value() && it.value()->isAlive())
            ++busy[m_hostOf.value(it.key())];
    qsizetype best = -1;
    int bestFree = 0;
    for (qsizetype i = 0; i < m_hosts.size(); ++i) {
        const int free = m_hosts[i].capacity - busy.value(m_hosts[i].name);
        if (free > bestFree) {
            best = i;
            bestFree = free;
        }
    }
    if (best < 0)
        best = m_next++ % m_hosts.size();
    return m_hosts[best].name;
}

QStringList SshLauncher::sshArguments(const QString &host, int engineId, const LaunchContext &context) const
{
    // The remote side gets one command line for its shell; each word is quoted for it, except the
    // engine command, which is the user's own shell text ("env X=1 /opt/qc/qualcluster-engine").
    const QStringList remote{QStringLiteral("--connect"), addressText(context.address), QStringLiteral("--engine-id"),
                             QString::number(engineId), QStringLiteral("--secret-stdin")};
    QStringList quoted{m_engineCommand};
    for (const QString &word : remote)
        quoted.append(shellQuote(word));
    return m_sshArgs
        + QStringList{QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("-T"), host,
                      quoted.join(u' ')};
}

void SshLauncher::launch(const QList<EngineHandle *> &engines, const LaunchContext &context)
{
    if (m_hosts.isEmpty()) {
        emit errorOccurred(QStringLiteral("The ssh profile names no host."));
        for (EngineHandle *engine : engines)
            engine->markEnded(QStringLiteral("no host to start it on"));
        return;
    }
    for (EngineHandle *engine : engines) {
        const QString host = pickHost();
        m_placed.insert(engine->id(), engine);
        m_hostOf.insert(engine->id(), host);
        // ssh's own failures (unreachable host, refused key, engine not found) are kept to say why.
        engine->startProcess(QStringLiteral("ssh"), sshArguments(host, engine->id(), context),
                             QProcessEnvironment::systemEnvironment(), context.secret.toHex() + '\n', true);
        engine->setSchedulerState(QString(), QString(), host);
    }
}

QString SshLauncher::script(int count, const LaunchContext &context) const
{
    QString text = QStringLiteral("# %1 engines over ssh, one session each; the secret is written to the session's "
                                  "standard input.\n")
                       .arg(count);
    QStringList order; // each host as often as it has slots, in order
    for (const Host &host : m_hosts)
        for (int i = 0; i < host.capacity; ++i)
            order.append(host.name);
    for (int id = 1; id <= count && !order.isEmpty(); ++id) {
        text += QStringLiteral("ssh");
        for (const QString &word : sshArguments(order[(id - 1) % order.size()], id, context))
            text += u' ' + shellQuote(word);
        text += u'\n';
    }
    return text;
}

} // namespace qc
