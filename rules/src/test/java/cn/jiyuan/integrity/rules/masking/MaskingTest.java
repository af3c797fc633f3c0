package cn.jiyuan.integrity.rules.masking;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Person;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"张三,张*", "李小龙,李**", "欧阳娜娜,欧***", "王,*", "𠀀𠀁,𠀀*", "Ann Lee,A******"})
    void aNameKeepsItsFirstCharacter(String name, String masked) {
        assertThat(Masking.maskName(name)).isEqualTo(masked);
    }

    @Test
    void namesAreMaskedUnlessTheRightsClearThem() {
        List<Person> persons = List.of(new Person("欧阳娜娜", "副局长"));
        assertThat(Masking.forReader(persons, true)).containsExactly(new Person("欧阳娜娜", "副局长"));
        assertThat(Masking.forReader(persons, false)).containsExactly(new Person("欧***", "副局长"));
        assertThat(Masking.forReader(null, true)).isEmpty();
    }
}
