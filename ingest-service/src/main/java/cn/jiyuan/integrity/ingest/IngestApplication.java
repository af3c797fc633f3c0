package cn.jiyuan.integrity.ingest;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.support.ServiceConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ServiceConfig("ingest-service")
@ConfigurationPropertiesScan
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }

    @Bean
    WorkdayCalendar workdayCalendar() {
        return WorkdayCalendar.standard();
    }

    @Bean
    FactValidator factValidator(Catalogs catalogs) {
        return new FactValidator(catalogs);
    }
}
