import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('address', '0007_useraddress_code'),
        ('partner', '0007_partneraddress_code'),
    ]

    operations = [
        migrations.CreateModel(
            name='Region',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(unique=True)),
                ('name', models.CharField(max_length=64)),
                ('currency', models.CharField(max_length=3)),
                ('partner', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='region', to='partner.partner')),
            ],
        ),
        migrations.CreateModel(
            name='ServedCountry',
            fields=[
                ('country', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='served', serialize=False, to='address.country')),
                ('vat_rate', models.DecimalField(decimal_places=4, default=Decimal('0'), help_text='Included in the prices shown; 0: no tax (US style)', max_digits=5)),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='countries', to='regions.region')),
            ],
            options={
                'verbose_name_plural': 'served countries',
                'ordering': ['region__id', '-country__display_order', 'country__iso_3166_1_a2'],
            },
        ),
    ]
