// Frames on the engine link: a 4-byte big-endian length, then one CBOR-encoded message.
// Written against QIODevice so that a TCP socket can carry the same frames as a local socket.
#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QString>

class QIODevice;

namespace qc {

// No message comes near this (a 2000-position histogram is 800 KB); anything larger is an attack
// or a bug, and the connection is closed rather than buffering it.
inline constexpr quint32 kMaxFrameBytes = 64 * 1024 * 1024;

QByteArray encodeFrame(const QCborMap &message);
bool writeFrame(QIODevice &device, const QCborMap &message);

class FrameReader
{
public:
    enum class Status { NeedMore, Message, Error };

    // Takes what the device has buffered and returns one message at a time; call again until
    // NeedMore. After Error the connection must be closed: the stream cannot be resynchronised.
    Status next(QIODevice &device, QCborMap *message);
    QString errorString() const { return m_error; }

private:
    Status fail(const QString &error);
    QByteArray m_buffer;
    QString m_error;
};

} // namespace qc
