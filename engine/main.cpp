// qualcluster-engine: a worker process started by the QualCluster controller.
#include "enginesession.h"

#include "protocol/messages.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <malloc.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("qualcluster-engine"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUALCLUSTER_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Worker process of QualCluster. Started by the controller, not by hand: it "
                       "reads the cluster secret from %1.").arg(QString::fromLatin1(qc::kSecretVariable)));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Local socket of the controller."),
                                          QStringLiteral("name"));
    parser.addOption(serverOption);
    parser.process(app);

    const QString server = parser.value(serverOption);
    const QByteArray secret = QByteArray::fromHex(qgetenv(qc::kSecretVariable));
    // The secret is not left in the environment, where children or /proc readers could see it.
    qunsetenv(qc::kSecretVariable);
    if (server.isEmpty() || secret.isEmpty()) {
        std::fprintf(stderr, "qualcluster-engine: needs --server and the %s variable\n", qc::kSecretVariable);
        return 2;
    }

    qc::EngineSession session(server, secret);
    QTimer::singleShot(0, &session, &qc::EngineSession::start);
    return app.exec();
}
