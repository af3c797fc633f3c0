package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** The partition of a unit's records: Kafka's default partitioner on the unit id key, as every producer uses it. */
public final class Partitions {

    private Partitions() {}

    public static int of(String unitId) {
        return Utils.toPositive(Utils.murmur2(unitId.getBytes(StandardCharsets.UTF_8))) % IntegrityTopics.PARTITIONS;
    }
}
