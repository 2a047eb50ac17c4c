#include "frame.h"

#include <QCborValue>
#include <QIODevice>
#include <QtEndian>

namespace qc {

QByteArray encodeFrame(const QCborMap &message)
{
    const QByteArray body = message.toCborValue().toCbor();
    QByteArray frame(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(body.size()), frame.data());
    return frame + body;
}

bool writeFrame(QIODevice &device, const QCborMap &message)
{
    const QByteArray frame = encodeFrame(message);
    return device.write(frame) == frame.size();
}

FrameReader::Status FrameReader::fail(const QString &error)
{
    m_error = error;
    m_buffer.clear();
    return Status::Error;
}

FrameReader::Status FrameReader::next(QIODevice &device, QCborMap *message)
{
    if (!m_error.isEmpty())
        return Status::Error;
    if (device.bytesAvailable() > 0)
        m_buffer.append(device.readAll());
    if (m_buffer.size() < 4)
        return Status::NeedMore;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData());
    if (length > kMaxFrameBytes)
        return fail(QStringLiteral("frame of %1 bytes is over the %2-byte limit").arg(length).arg(kMaxFrameBytes));
    if (quint64(m_buffer.size()) < 4 + quint64(length))
        return Status::NeedMore;

    QCborParserError parseError;
    const QCborValue value =
        QCborValue::fromCbor(QByteArray::fromRawData(m_buffer.constData() + 4, qsizetype(length)), &parseError);
    m_buffer.remove(0, 4 + qsizetype(length));
    if (parseError.error != QCborError::NoError)
        return fail(QStringLiteral("frame does not decode: %1").arg(parseError.errorString()));
    if (!value.isMap())
        return fail(QStringLiteral("frame is not a message (a CBOR map)"));
    *message = value.toMap();
    return Status::Message;
}

} // namespace qc
