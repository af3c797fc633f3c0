package cn.jiyuan.integrity.rules.masking;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Role;
import java.util.List;
import java.util.Set;
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
    void onlyTheCreditOfficeAndTheProviderSeeNamesInClear() {
        List<Person> persons = List.of(new Person("欧阳娜娜", "副局长"));
        Caller creditOffice = new Caller("a", "XYB", Set.of(Role.CREDIT_OFFICE));
        Caller provider = new Caller("b", "JGW", Set.of(Role.PROVIDER));
        Caller otherProvider = new Caller("c", "SFJ", Set.of(Role.PROVIDER));
        Caller consumer = new Caller("d", "DCB", Set.of(Role.CONSUMER));
        assertThat(Masking.forReader(persons, creditOffice, "JGW")).containsExactly(new Person("欧阳娜娜", "副局长"));
        assertThat(Masking.forReader(persons, provider, "JGW")).containsExactly(new Person("欧阳娜娜", "副局长"));
        assertThat(Masking.forReader(persons, otherProvider, "JGW")).containsExactly(new Person("欧***", "副局长"));
        assertThat(Masking.forReader(persons, consumer, "JGW")).containsExactly(new Person("欧***", "副局长"));
    }
}
