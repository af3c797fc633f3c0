package cn.jiyuan.integrity.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/** The value serde of every integrity topic. */
public final class IntegritySerde extends Serdes.WrapperSerde<SpecificRecord> {

    public IntegritySerde() {
        super(new AvroSingleObjectSerializer(), new AvroSingleObjectDeserializer());
    }
}
