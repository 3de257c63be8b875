package dev.dangol;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DangolApplication {

    public static void main(String[] args) {
        SpringApplication.run(DangolApplication.class, args);
    }
}
