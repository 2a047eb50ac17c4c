// The messages between a client (the window, `analyze`, `cluster ...`) and a cluster's
// controller process, framed as the engines' are. One struct per message that carries data.
#pragma once

#include "analysis/task.h"
#include "cluster/cluster.h"
#include "cluster/engineinfo.h"

#include <QCborMap>
#include <QList>
#include <QString>

#include <optional>

namespace qc {

inline constexpr char kControlMagic[] = "QUALCLUSTER-CONTROL";

// client -> controller, first message: proves the client may attach.
struct ClientHello
{
    QString magic = QString::fromLatin1(kControlMagic);
    int version = 0;
    qint64 pid = 0;
    QByteArray secret;
};

// controller -> client: the answer to a good hello, and after it whenever engines change.
struct EngineSnapshot
{
    QList<EngineInfo> engines;
    bool ready = false; // no engine is still starting
    QString notice; // why dead engines are no longer replaced, if they are not
};

struct SubmitRequest
{
    quint64 runId = 0;
    Dispatch dispatch = Dispatch::Balanced;
    QList<AnalysisTask> tasks;
};

struct RunResultMessage
{
    quint64 runId = 0;
    TaskResult result;
};

// The "type" of a control message ("hello", "engines", "submit"...), empty when there is none.
QString controlType(const QCborMap &message);

QCborMap encode(const ClientHello &hello);
QCborMap encode(const EngineSnapshot &snapshot);
QCborMap encode(const SubmitRequest &submit);
QCborMap encode(const RunResultMessage &result);
// The same message around an engine's result map passed on as it came.
QCborMap encodeForwardedResult(quint64 runId, int engineId, const QCborMap &engineResult);
QCborMap encodeRefusal(const QString &reason);
QCborMap encodeCancel(quint64 runId, int graceMs);
QCborMap encodeScale(int engines);
QCborMap encodeStop();
QCborMap encodeSetOwner(qint64 pid); // 0: the cluster keeps running whoever goes
QCborMap encodeStopping(const QString &reason);

std::optional<ClientHello> decodeClientHello(const QCborMap &message);
std::optional<EngineSnapshot> decodeEngineSnapshot(const QCborMap &message);
std::optional<SubmitRequest> decodeSubmit(const QCborMap &message);
std::optional<RunResultMessage> decodeRunResult(const QCborMap &message);
// The text of a "refused" or "stopping" message, or of a field named `key`.
QString controlText(const QCborMap &message, const char *key = "reason");
qint64 controlInteger(const QCborMap &message, const char *key);

} // namespace qc
