// qualcluster-engine: a worker process started by the QualCluster controller, on this machine
// (--server) or on another one through ssh or a batch scheduler (--connect).
#include "enginesession.h"

#include "protocol/messages.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "qualcluster-engine: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("qualcluster-engine"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUALCLUSTER_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Worker process of QualCluster. Started by the controller, not by hand: it reads the "
                       "cluster secret from %1, or from its standard input with --secret-stdin (then it "
                       "exits when its standard input closes).")
            .arg(QString::fromLatin1(qc::kSecretVariable)));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("Local socket of the controller."),
                                          QStringLiteral("name"));
    const QCommandLineOption connectOption(QStringLiteral("connect"),
                                           QStringLiteral("The controller's address, over TCP with TLS."),
                                           QStringLiteral("host:port"));
    const QCommandLineOption idOption(QStringLiteral("engine-id"),
                                      QStringLiteral("The id the controller gave this engine."), QStringLiteral("N"));
    const QCommandLineOption idBaseOption(QStringLiteral("engine-id-base"),
                                          QStringLiteral("With a Slurm job array: the id is N plus the array index."),
                                          QStringLiteral("N"));
    const QCommandLineOption stdinOption(QStringLiteral("secret-stdin"),
                                         QStringLiteral("Read the secret from the first line of standard input."));
    parser.addOptions({serverOption, connectOption, idOption, idBaseOption, stdinOption});
    parser.process(app);

    qc::EngineLink link;
    link.serverName = parser.value(serverOption);
    if (parser.isSet(connectOption)) {
        link.remote = qc::parseEndpoint(parser.value(connectOption));
        if (!link.remote || link.remote->port == 0)
            return usageError(QStringLiteral("--connect takes host:port, not \"%1\"").arg(parser.value(connectOption)));
    }
    link.engineId = parser.value(idOption).toInt();
    if (parser.isSet(idBaseOption))
        link.engineId = parser.value(idBaseOption).toInt() + qEnvironmentVariableIntValue("SLURM_ARRAY_TASK_ID");
    if (parser.isSet(stdinOption)) {
        std::string line;
        std::getline(std::cin, line);
        link.secret = QByteArray::fromHex(QByteArray::fromStdString(line));
    } else {
        link.secret = QByteArray::fromHex(qgetenv(qc::kSecretVariable));
    }
    // The secret is not left in the environment, where children or /proc readers could see it.
    qunsetenv(qc::kSecretVariable);
    if ((link.serverName.isEmpty() && !link.remote) || link.secret.isEmpty() || link.engineId <= 0)
        return usageError(QStringLiteral("needs --server or --connect, --engine-id, and the secret in %1 or on "
                                         "standard input (--secret-stdin)")
                              .arg(QString::fromLatin1(qc::kSecretVariable)));

    // Started through ssh, the engine ends with its ssh session: the session's end closes stdin.
    QSocketNotifier stdinWatch(STDIN_FILENO, QSocketNotifier::Read);
    stdinWatch.setEnabled(parser.isSet(stdinOption));
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &app, [&stdinWatch] {
        char byte;
        if (::read(STDIN_FILENO, &byte, 1) <= 0) {
            stdinWatch.setEnabled(false);
            QCoreApplication::exit(0);
        }
    });

    qc::EngineSession session(link);
    QTimer::singleShot(0, &session, &qc::EngineSession::start);
    return app.exec();
}
