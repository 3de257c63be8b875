-- Members. Resident registration numbers are never stored (FACTS.md, Personal data).

create table citizen (
    id    varchar(64) not null primary key,
    name  varchar(50) not null,
    phone varchar(11) not null unique
);
