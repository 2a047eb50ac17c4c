// The messages engines and the controller exchange, one small struct per message type.
#pragma once

#include "analysis/task.h"

#include <QCborMap>
#include <QString>

#include <optional>

namespace qc {

inline constexpr char kProtocolMagic[] = "QUALCLUSTER";
inline constexpr int kProtocolVersion = 4;
// The controller passes the per-cluster secret to engines in this variable, never in argv.
inline constexpr char kSecretVariable[] = "QUALCLUSTER_SECRET";

enum class MessageType { Unknown, Hello, Task, Result, Heartbeat, Quit, Refused };

MessageType messageType(const QCborMap &message);

// engine -> controller, first message on a connection.
struct HelloMessage
{
    QString magic = QString::fromLatin1(kProtocolMagic);
    int version = kProtocolVersion;
    qint64 pid = 0;
    QString host;
    QByteArray secret;
    int engineId = 0; // the id the controller gave this engine when it launched it
};

// engine -> controller, every 500 ms.
struct HeartbeatMessage
{
    qint64 pid = 0;
    quint64 currentTask = 0; // 0 when idle
    quint64 tasksDone = 0;
};

QCborMap encode(const HelloMessage &hello);
QCborMap encode(const AnalysisTask &task);
QCborMap encode(const TaskResult &result);
QCborMap encode(const HeartbeatMessage &heartbeat);
QCborMap encodeQuit();
// controller -> engine, instead of taking it: why not (another protocol, not an engine it launched).
QCborMap encodeEngineRefusal(const QString &reason);
QString decodeEngineRefusal(const QCborMap &message);

std::optional<HelloMessage> decodeHello(const QCborMap &message);
std::optional<AnalysisTask> decodeTask(const QCborMap &message);
std::optional<TaskResult> decodeResult(const QCborMap &message);
std::optional<HeartbeatMessage> decodeHeartbeat(const QCborMap &message);

} // namespace qc
