#include "outputbuffer.h"

#include <QIODevice>

#include <cstring>

namespace qc {

OutputBuffer::OutputBuffer(QIODevice *device, qsizetype capacity)
    : m_device(device)
    , m_capacity(qMax(capacity, kMinimumCapacity))
{
    m_data.reset(new char[std::size_t(m_capacity)]);
}

OutputBuffer::~OutputBuffer()
{
    flushBuffer();
}

void OutputBuffer::put(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return; // an empty view may have no data at all, which memcpy must not be given
    if (bytes.size() <= m_capacity - m_size) {
        std::memcpy(m_data.get() + m_size, bytes.data(), std::size_t(bytes.size()));
        m_size += bytes.size();
        return;
    }
    flushBuffer();
    if (bytes.size() >= m_capacity) {
        writeToDevice(bytes.data(), bytes.size());
        return;
    }
    std::memcpy(m_data.get(), bytes.data(), std::size_t(bytes.size()));
    m_size = bytes.size();
}

bool OutputBuffer::flush()
{
    flushBuffer();
    return !m_failed;
}

void OutputBuffer::flushBuffer()
{
    writeToDevice(m_data.get(), m_size);
    m_size = 0;
}

void OutputBuffer::writeToDevice(const char *data, qsizetype size)
{
    if (m_failed || size == 0)
        return;
    if (m_device->write(data, size) != size)
        m_failed = true;
}

} // namespace qc
