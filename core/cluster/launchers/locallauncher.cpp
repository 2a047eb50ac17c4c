#include "locallauncher.h"

#include "cluster/enginehandle.h"
#include "protocol/messages.h"

namespace qc {

LocalLauncher::LocalLauncher(QString engineProgram)
    : m_program(std::move(engineProgram))
{}

QStringList LocalLauncher::arguments(int engineId, const LaunchContext &context) const
{
    return {QStringLiteral("--server"), context.serverName, QStringLiteral("--engine-id"), QString::number(engineId)};
}

void LocalLauncher::launch(const QList<EngineHandle *> &engines, const LaunchContext &context)
{
    // The secret goes in the environment, never on a command line that `ps` shows.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kSecretVariable), QString::fromLatin1(context.secret.toHex()));
    for (EngineHandle *engine : engines)
        engine->startProcess(m_program, arguments(engine->id(), context), environment);
}

QString LocalLauncher::script(int count, const LaunchContext &context) const
{
    QString text = QStringLiteral("# %1 engine processes on this machine, each started as:\n").arg(count);
    text += QStringLiteral("%1=<secret> %2").arg(QString::fromLatin1(kSecretVariable), shellQuote(m_program));
    for (const QString &word : arguments(1, context))
        text += u' ' + shellQuote(word);
    return text + u'\n';
}

} // namespace qc
